package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.internals.CloseOptionsInternal;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

  @Test
  void shouldUseATenSecondSessionTimeoutAndOneSecondHeartbeatsUnlessTheUserSetsThem() {
    // Given
    Properties none = new Properties();
    Properties plain = new Properties();
    plain.put("session.timeout.ms", "45000");
    Properties mainConsumer = new Properties();
    mainConsumer.put("main.consumer.session.timeout.ms", "30000");
    Properties heartbeat = new Properties();
    heartbeat.put("heartbeat.interval.ms", "2000");

    // When
    GroupMembership.applyDefaults(none);
    GroupMembership.applyDefaults(plain);
    GroupMembership.applyDefaults(mainConsumer);
    GroupMembership.applyDefaults(heartbeat);

    // Then
    assertThat(none.getProperty("session.timeout.ms")).isEqualTo("10000");
    assertThat(plain.getProperty("session.timeout.ms")).isEqualTo("45000");
    assertThat(mainConsumer.getProperty("session.timeout.ms")).isNull();
    assertThat(mainConsumer.getProperty("main.consumer.session.timeout.ms")).isEqualTo("30000");
    assertThat(none.getProperty("heartbeat.interval.ms")).isEqualTo("1000");
    // A user's own session timeout keeps Kafka's heartbeat, which it was chosen against
    assertThat(plain.getProperty("heartbeat.interval.ms")).isNull();
    assertThat(mainConsumer.getProperty("heartbeat.interval.ms")).isNull();
    assertThat(heartbeat.getProperty("heartbeat.interval.ms")).isEqualTo("2000");
    assertThat(heartbeat.getProperty("session.timeout.ms")).isEqualTo("10000");
  }

  @Test
  void shouldLeaveTheGroupOnCloseUnlessMembershipIsStatic() {
    // Given
    Properties dynamic = new Properties();
    Properties staticMember = new Properties();
    staticMember.put("group.instance.id", "encoder-0");

    // When
    CloseOptionsInternal leave =
        new CloseOptionsInternal(GroupMembership.closeOptions(dynamic, Duration.ofSeconds(30)));
    CloseOptionsInternal remain =
        new CloseOptionsInternal(
            GroupMembership.closeOptions(staticMember, Duration.ofSeconds(30)));

    // Then
    assertThat(leave.operation()).isEqualTo(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    assertThat(remain.operation()).isEqualTo(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    assertThat(leave.timeout()).contains(Duration.ofSeconds(30));
  }
}
