package io.compressnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

  @Test
  void shouldReadKafkaStyleProperties() {
    // Given configs as a Kafka client would pass them, the password as a Password
    Map<String, Object> props =
        Map.of(
            "schema.registry.url", "http://127.0.0.1:8080/apis/ccompat/v7/",
            "schema.registry.basic.auth.user.info", new Password("svc:p4ss"),
            "schema.registry.request.timeout.ms", 1500,
            "schema.registry.connect.timeout.ms", "700",
            "schema.registry.cache.size", "10",
            "bootstrap.servers", "ignored:9092");

    // When
    RegistryClientConfig config = RegistryClientConfig.fromProperties(props);

    // Then
    assertThat(config)
        .isEqualTo(
            new RegistryClientConfig(
                "http://127.0.0.1:8080/apis/ccompat/v7/",
                "svc:p4ss",
                Duration.ofMillis(700),
                Duration.ofMillis(1500),
                10));
    assertThat(config.baseUrls()).containsExactly("http://127.0.0.1:8080/apis/ccompat/v7");
  }

  @Test
  void shouldApplyDefaultsForMissingKeys() {
    // When
    RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of());

    // Then
    assertThat(config)
        .isEqualTo(
            new RegistryClientConfig(
                "http://127.0.0.1:8081",
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                1000));
  }

  @Test
  void shouldAcceptConfluentUnprefixedUserInfo() {
    // When
    RegistryClientConfig config =
        RegistryClientConfig.fromProperties(Map.of("basic.auth.user.info", "u:p"));

    // Then
    assertThat(config.basicAuthUserInfo()).isEqualTo("u:p");
  }

  @Test
  void shouldHidePasswordAndUrlCredentialsInToString() {
    // Given credentials both in the user info and in the URL
    RegistryClientConfig config =
        RegistryClientConfig.of("https://bob:url-secret@registry.example:8081,http://127.0.0.1:1")
            .withBasicAuth("alice:pw-secret");

    // When
    String text = config.toString();

    // Then neither password shows, the user and hosts do
    assertThat(text)
        .doesNotContain("pw-secret")
        .doesNotContain("url-secret")
        .contains("alice:[hidden]")
        .contains("https://registry.example:8081,http://127.0.0.1:1");
    assertThat(config.basicAuthUser()).isEqualTo("alice");
  }

  @Test
  void shouldTakeCredentialsFromUrlAndKeepThemOutOfBaseUrls() {
    // Given credentials only in the URL
    RegistryClientConfig config = RegistryClientConfig.of("http://bob:pw@127.0.0.1:8081/");

    // When / Then they become the basic auth, and the URL used for requests is clean
    assertThat(config.basicAuthUserInfo()).isEqualTo("bob:pw");
    assertThat(config.baseUrls()).containsExactly("http://127.0.0.1:8081");
  }

  @Test
  void shouldRejectUserInfoWithoutColon() {
    // When / Then the message does not echo the value, which may be a bare password
    assertThatThrownBy(() -> RegistryClientConfig.of("http://h:1").withBasicAuth("justapassword"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("justapassword");
  }

  @Test
  void shouldRejectNonHttpUrl() {
    assertThatThrownBy(() -> RegistryClientConfig.of("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http:// or https://");
  }

  @Test
  void shouldRejectNonNumericTimeout() {
    assertThatThrownBy(
            () ->
                RegistryClientConfig.fromProperties(
                    Map.of("schema.registry.request.timeout.ms", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.request.timeout.ms");
  }

  @Test
  void shouldSplitUrlList() {
    assertThat(RegistryClientConfig.of(" http://a:1/ , http://b:2 ").baseUrls())
        .isEqualTo(List.of("http://a:1", "http://b:2"));
  }
}
