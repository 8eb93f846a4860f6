#!/usr/bin/env bash
# The image's start: this pod's node settings, written into the server configuration offline (as
# ./clips configure_node does for a node on a machine), then WildFly in the foreground. Settings
# the server model takes as expressions (datasource, queue backoff, ports, tracing) and everything
# the application reads through MicroProfile Config come straight from the environment.
set -euo pipefail

WILDFLY_HOME="${JBOSS_HOME:-/opt/wildfly}"
die() { printf 'clips entrypoint: %s\n' "$*" >&2; exit 1; }

cli=()
if [[ -n "${CLIPS_BATCH_THREADS:-}" ]]; then
    [[ "$CLIPS_BATCH_THREADS" =~ ^[1-9][0-9]{0,3}$ ]] || die "CLIPS_BATCH_THREADS: a whole number from 1 to 9999"
    cli+=("/subsystem=batch-jberet/thread-pool=batch:write-attribute(name=max-threads, value=$CLIPS_BATCH_THREADS)")
fi
case "${CLIPS_LOG_FORMAT:-json}" in
    json) ;;
    text) cli+=("/subsystem=logging/periodic-rotating-file-handler=FILE:write-attribute(name=named-formatter, value=PATTERN)") ;;
    *) die "CLIPS_LOG_FORMAT: json or text" ;;
esac
if ((${#cli[@]})); then
    script="$(mktemp /tmp/configure-node.XXXXXX.cli)"
    { echo "embed-server --server-config=clips.xml --std-out=discard"; printf '%s\n' "${cli[@]}"; echo "stop-embedded-server"; } >"$script"
    "$WILDFLY_HOME/bin/jboss-cli.sh" --file="$script" >/dev/null || die "could not write the node settings ($script)"
    rm -f "$script"
fi

# CLIPS_JMS_REMOTE=host:port: messaging through that standalone Artemis broker instead of the
# embedded one (wildfly-config's remote-broker.cli, as ./clips applies it), as CLIPS_JMS_USER
if [[ -n "${CLIPS_JMS_REMOTE:-}" ]]; then
    [[ "$CLIPS_JMS_REMOTE" =~ ^([A-Za-z0-9.-]+):([0-9]{1,5})$ ]] || die "CLIPS_JMS_REMOTE: host:port"
    export CLIPS_JMS_REMOTE_HOST="${BASH_REMATCH[1]}" CLIPS_JMS_REMOTE_PORT="${BASH_REMATCH[2]}"
    [[ -n "${CLIPS_JMS_USER:-}" && -n "${CLIPS_JMS_PASSWORD:-}" ]] || die "CLIPS_JMS_REMOTE needs CLIPS_JMS_USER and CLIPS_JMS_PASSWORD"
    "$WILDFLY_HOME/bin/jboss-cli.sh" --file=/opt/clips/remote-broker.cli >/dev/null \
        || die "could not switch messaging to the broker at $CLIPS_JMS_REMOTE"
fi

# CLIPS_SERVER_HEAP (e.g. 1g) sets the JVM max heap; ffmpeg runs beside the JVM in the same memory limit
if [[ -n "${CLIPS_SERVER_HEAP:-}" ]]; then
    [[ "$CLIPS_SERVER_HEAP" =~ ^[0-9]+[kKmMgG]?$ ]] || die "CLIPS_SERVER_HEAP: a size like 512m or 2g"
    export JBOSS_JAVA_SIZING="-Xms64m -Xmx$CLIPS_SERVER_HEAP"
fi

# The node name is the pod's host name: runs, staging writes and webhook attempts record it, and a
# worker (a StatefulSet pod, clips-worker-N) that comes back under the same name resumes its runs.
# LAUNCH_JBOSS_IN_BACKGROUND (set in the image) makes standalone.sh pass SIGTERM on to the JVM.
exec "$WILDFLY_HOME/bin/standalone.sh" -c clips.xml -b 0.0.0.0 -bmanagement 0.0.0.0 \
    -Djboss.node.name="${HOSTNAME:-clips}" \
    -Dorg.wildfly.sigterm.suspend.timeout="${CLIPS_SHUTDOWN_GRACE_SECONDS:-30}"
