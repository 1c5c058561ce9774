/**
 * The demo: an orders service on Levee, with an H2 database, a three-node Raft group on loopback, a
 * load generator and a chaos story ({@code --chaos}) that stops the database and a Raft peer and
 * brings them back. Run it as the README's quick start says.
 */
package dev.levee.examples;
