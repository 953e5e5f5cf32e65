package io.compressnet.streams;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How a service's instance joins and leaves its consumer group, chosen so that a restart resumes
 * quickly (measured with {@code compressnet bench live --restart}, docs/bench/live):
 *
 * <ul>
 *   <li><b>Session timeout {@value #DEFAULT_SESSION_TIMEOUT_MS} ms</b> (Kafka's default is 45 s)
 *       unless the user sets {@code session.timeout.ms}: after a crash the group waits this long
 *       for the dead member before handing its partitions on, so this bounds the stall after a
 *       SIGKILL. The price: an instance that cannot heartbeat for 10 s (a very long GC pause, a
 *       starved machine) is taken out of the group and its work is redone elsewhere (exactly-once
 *       keeps the output right).
 *   <li><b>Heartbeat every {@value #DEFAULT_HEARTBEAT_INTERVAL_MS} ms</b> (Kafka's default is 3 s)
 *       with that session timeout: the other members learn of a rebalance at their next heartbeat,
 *       so a thread the service adds ({@link StreamThreadScaler}), an instance that joins or one
 *       that leaves gets its tasks up to 2 s sooner.
 *   <li><b>Leave the group on a clean shutdown</b> (SIGTERM): without it a stopped instance stays a
 *       member until its session times out, and a rolling restart stalls for that long. With static
 *       membership ({@code group.instance.id} set, stable per instance) the instance instead stays
 *       in the group, so that its restart takes its partitions back without a rebalance.
 * </ul>
 */
public final class GroupMembership {
  /** The session timeout a service uses unless {@code session.timeout.ms} is set. */
  public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

  /** The heartbeat interval used with the default session timeout. */
  public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;

  private GroupMembership() {}

  /**
   * Adds the default session timeout and heartbeat interval unless the user set the session timeout
   * (or the heartbeat) for the main consumer.
   */
  public static void applyDefaults(Properties props) {
    boolean userHeartbeat = isSet(props, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    if (!isSet(props, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
      props.put(
          ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
      if (!userHeartbeat) {
        props.put(
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
      }
    }
  }

  /** Whether the main consumer has a static {@code group.instance.id}. */
  public static boolean isStatic(Properties props) {
    return isSet(props, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  /**
   * Close options: leave the group, unless the membership is static; wait up to {@code timeout}.
   */
  public static CloseOptions closeOptions(Properties props, Duration timeout) {
    return CloseOptions.groupMembershipOperation(
            isStatic(props)
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(timeout);
  }

  private static boolean isSet(Properties props, String consumerKey) {
    return props.getProperty(consumerKey) != null
        || props.getProperty(StreamsConfig.consumerPrefix(consumerKey)) != null
        || props.getProperty(StreamsConfig.mainConsumerPrefix(consumerKey)) != null;
  }
}
