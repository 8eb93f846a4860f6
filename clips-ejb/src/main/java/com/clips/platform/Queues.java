package com.clips.platform;

/** The JNDI names of the JMS destinations wildfly-config/src/main/cli/clips.cli creates. */
public final class Queues {

    /** Asset ids waiting for a process-asset run. */
    public static final String PROCESSING = "java:/jms/queue/clips.processing";

    /** Where processing requests end that cannot be read or keep failing. */
    public static final String PROCESSING_DEAD_LETTERS = "java:/jms/queue/clips.processing.dlq";

    private Queues() {}
}
