/**
 * The Spring Boot demo: an orders service whose repository is annotated with {@code @Resilient},
 * over H2 behind Boot's HikariCP, with the same {@code --chaos} story as the plain demo.
 */
package dev.levee.examples.spring;
