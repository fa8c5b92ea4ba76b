package dev.mnemos.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs once per backend (SQLite always, MariaDB/MySQL when {@link Backend#MYSQL_ENV} is
 * set, PostgreSQL when {@link Backend#POSTGRESQL_ENV} is, both always in CI), each time against a
 * fresh store served over in-process gRPC. The test method takes a {@link Mlmd} parameter, or a
 * {@link Backend.FreshDatabase} to build on.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(StoreBackends.class)
public @interface StoreTest {}
