/**
 * Levee from a YAML file: {@link dev.levee.config.LeveeConfig} reads and checks a {@code
 * levee.yaml} (every problem named by its path, with system-property and environment overrides),
 * and {@link dev.levee.config.Levee} assembles the runtime it describes: registries, timeouts, the
 * health monitor with its built-in checks, metrics, the endpoint servers and graceful shutdown. A
 * {@link dev.levee.config.ConfigException} lists every problem at once.
 */
package dev.levee.config;
