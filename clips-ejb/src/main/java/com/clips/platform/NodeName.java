package com.clips.platform;

/** This node's name (jboss.node.name; "clips" if unset), as runs, staging writes, deliveries and cluster tasks record it. */
public final class NodeName {

    private NodeName() {}

    public static String get() {
        return System.getProperty("jboss.node.name", "clips");
    }
}
