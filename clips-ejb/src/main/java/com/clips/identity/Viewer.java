package com.clips.identity;

/**
 * Who acts on an asset, from the verified token: the tenant every lookup is scoped to, the
 * subject (owner checks), and the roles that reach past ownership within the tenant.
 */
public record Viewer(String tenantId, String subject, boolean moderator, boolean administrator) {}
