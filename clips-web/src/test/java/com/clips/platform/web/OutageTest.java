package com.clips.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.platform.DependencyUnavailableException;
import jakarta.ejb.EJBException;
import jakarta.jms.JMSRuntimeException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which failures are outages a client should retry (503 /problems/unavailable) or lost races
 * (409 /problems/concurrent-change) rather than bugs.
 */
class OutageTest {

    @Test
    void aLostDatabaseConnectionIsTheDatabase() {
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
        assertThat(ProblemMappers.unavailable(new EJBException(new PersistenceException(refused))))
                .isEqualTo("database");
    }

    @Test
    void storageAndBrokerAreNamed() {
        assertThat(ProblemMappers.unavailable(
                        new DependencyUnavailableException("object storage", new RuntimeException("timeout"))))
                .isEqualTo("object storage");
        assertThat(ProblemMappers.unavailable(new EJBException(new JMSRuntimeException("AMQ219010"))))
                .isEqualTo("message broker");
    }

    @Test
    void aBrokerThatCannotGiveASessionIsTheBrokerNotTheDatabase() {
        // what an upload's send threw with the remote broker killed (BrokerOutageIT): the resource
        // adapter's JCA failure under the JMS one, and a JCA failure alone counts as the database
        var reconnect = new jakarta.resource.ResourceException(
                "IJ000457: Unchecked throwable in managedConnectionReconnected()");
        var refused = new EJBException(new JMSRuntimeException("Could not create a session", "AMQ219014", reconnect));
        assertThat(ProblemMappers.unavailable(refused)).isEqualTo("message broker");
    }

    @Test
    void aLostOptimisticLockRaceIsAConcurrentChangeNotAnOutage() {
        var lost = new EJBException(new jakarta.transaction.RollbackException("commit failed"));
        lost.getCause().initCause(new OptimisticLockException("Row was updated or deleted by another transaction"));
        assertThat(ProblemMappers.concurrentChange(lost)).isTrue();
        assertThat(ProblemMappers.unavailable(lost)).isNull();
        assertThat(ProblemMappers.concurrentChange(new EJBException(new PersistenceException("other"))))
                .isFalse();
    }

    @Test
    void aConstraintViolationIsNoOutage() {
        var duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(ProblemMappers.unavailable(new PersistenceException(duplicate)))
                .isNull();
        assertThat(ProblemMappers.unavailable(new IllegalStateException("bug"))).isNull();
    }
}
