package com.clips.processing.control;

import java.nio.file.Path;
import java.util.Optional;

/** Where jobs keep their scratch files: {@code clips.work.dir}, or the server's temp directory. */
public final class WorkArea {

    private WorkArea() {}

    /** The configured work directory, or {@code <jboss.server.temp.dir>/clips-work}. */
    public static Path base(Optional<String> configured) {
        return Path.of(configured.orElseGet(() ->
                System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")) + "/clips-work"));
    }
}
