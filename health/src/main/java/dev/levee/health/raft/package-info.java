/**
 * Raft cluster health, for services that embed a Raft library: {@link
 * dev.levee.health.raft.RaftStatus} is what a library reports, {@link
 * dev.levee.health.raft.RaftHealthCheck} judges it as etcd and Consul's autopilot do, and {@link
 * dev.levee.health.raft.RaftHealth} registers the checks for the raft, live, ready and started
 * groups in one call. The Apache Ratis source is in {@code dev.levee.health.ratis}.
 */
package dev.levee.health.raft;
