/**
 * JMH benchmarks. Each class is named {@code <Subject>Benchmark} and measures one scenario for
 * every contender, in methods that start with the contender's name ({@code levee}, {@code
 * resilience4j}, {@code failsafe}, {@code baseline}), so that {@code jmh-ratio.py} can pair them.
 */
package dev.levee.benchmarks;
