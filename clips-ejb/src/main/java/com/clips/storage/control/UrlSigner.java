package com.clips.storage.control;

import java.net.URI;
import java.time.Instant;

/** Signs a CDN URL so that the CDN serves it until {@code expires} and refuses it after. */
public interface UrlSigner {

    URI sign(URI url, Instant expires);
}
