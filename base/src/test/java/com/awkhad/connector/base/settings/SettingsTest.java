package com.awkhad.connector.base.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void theVariableWinsUnlessBlankThenTheSystemProperty() {
    Properties props = new Properties();
    props.setProperty("connector.key", "from-property");
    Settings both = Settings.of(Map.of("CONNECTOR_KEY", "from-variable"), props);
    Settings blank = Settings.of(Map.of("CONNECTOR_KEY", "  "), props);
    assertThat(both.get("CONNECTOR_KEY", "connector.key")).contains("from-variable");
    assertThat(blank.get("CONNECTOR_KEY", "connector.key")).contains("from-property");
    assertThat(blank.get("CONNECTOR_KEY", null)).isEmpty();
    assertThat(Settings.NONE.get("CONNECTOR_KEY", "connector.key")).isEmpty();
  }

  @Test
  void aCopyNotAView() {
    Map<String, String> vars = new java.util.HashMap<>(Map.of("A", "1"));
    Settings s = Settings.of(vars);
    vars.put("A", "2");
    assertThat(s.get("A", null)).contains("1");
    assertThat(s.with("A", "3").get("A", null)).contains("3");
    assertThat(s.get("A", null)).contains("1");
  }

  @Test
  void printsNoValue() {
    assertThat(Settings.of(Map.of("CONNECTOR_SECRET_KEY", "s3cret")).toString()).doesNotContain("s3cret");
  }
}
