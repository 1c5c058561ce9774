/**
 * Admission control for incoming requests, independent of the server: {@link
 * dev.levee.http.admission.Admission} gives each request a priority (probe, critical, sheddable)
 * and admits it or sheds it with a 503 and {@code Retry-After}; the adapters for each server are in
 * {@code dev.levee.http.servlet}, {@code dev.levee.http.undertow} and {@code dev.levee.http.jdk},
 * and {@link dev.levee.http.admission.Admission#guard} serves Levee's own server.
 */
package dev.levee.http.admission;
