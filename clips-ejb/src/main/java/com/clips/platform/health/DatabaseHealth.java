package com.clips.platform.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** PostgreSQL answers and the schema has been migrated. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Resource(lookup = "java:jboss/datasources/ClipsDS")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            try (var rs = statement.executeQuery(
                    "select version from clips.flyway_schema_history where success and version is not null"
                            + " order by installed_rank desc limit 1")) { // max(version) is textual: "9" > "10"
                rs.next();
                return response.up()
                        .withData("schemaVersion", String.valueOf(rs.getString(1)))
                        .build();
            }
        } catch (SQLException e) {
            return response.down()
                    .withData("error", e.getSQLState() + " " + e.getMessage())
                    .build();
        }
    }
}
