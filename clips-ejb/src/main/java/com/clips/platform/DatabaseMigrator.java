package com.clips.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the versioned migrations in db/migration (Flyway) when the application starts. The
 * application's tables live in their own schema, so JBeret's job repository tables beside them
 * in the same database never confuse Flyway's history.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseMigrator {

    public static final String SCHEMA = "clips";

    @Resource(lookup = "java:jboss/datasources/ClipsDS")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                // features number their migrations in ranges of their own (jobs V40-V49, while V50
                // was merged earlier): a database already at V50 must still take a later V40
                .outOfOrder(true)
                .load()
                .migrate();
    }
}
