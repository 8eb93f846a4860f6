package com.clips.identity;

import java.util.Arrays;
import java.util.Optional;

/** The roles; {@link #group()} is the JWT group name that {@code @RolesAllowed} checks. */
public enum Role {
    USER(Role.USER_GROUP),
    PREMIUM(Role.PREMIUM_GROUP),
    MODERATOR(Role.MODERATOR_GROUP),
    ADMINISTRATOR(Role.ADMINISTRATOR_GROUP);

    // constants, so @RolesAllowed can name them
    public static final String USER_GROUP = "User";
    public static final String PREMIUM_GROUP = "Premium";
    public static final String MODERATOR_GROUP = "Moderator";
    public static final String ADMINISTRATOR_GROUP = "Administrator";

    private final String group;

    Role(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public static Optional<Role> ofGroup(String group) {
        return Arrays.stream(values())
                .filter(r -> r.group.equalsIgnoreCase(group))
                .findFirst();
    }
}
