package dev.levee.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The orders service the Spring Boot tests start: a web server, Actuator, HikariCP on H2. */
@SpringBootApplication
public class OrdersApp {}
