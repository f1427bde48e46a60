package com.awkhad.connector.devtools.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectorNameTest {

  @Test
  void derivesEveryNameFromTheConnectorsName() {
    ConnectorName n = ConnectorName.of("acme-erp_2");

    assertThat(n.key()).isEqualTo("acme_erp_2");
    assertThat(n.className()).isEqualTo("AcmeErp2");
    assertThat(n.title()).isEqualTo("Acme Erp 2");
    assertThat(n.addon()).isEqualTo("connector_acme_erp_2");
    assertThat(n.artifact()).isEqualTo("connector-acme-erp_2");
    assertThat(n.defaultPackage()).isEqualTo("com.awkhad.connector.acme_erp_2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Shop", "2shop", "my shop", "shop!", "shop_", "shop-", "_shop", "ünï", "shop.io"})
  void refusesNamesOutsideLowerCaseLettersDigitsUnderscoresAndHyphens(String name) {
    assertThatThrownBy(() -> ConnectorName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid connector name '" + name + "'")
        .hasMessageContaining("lower-case letters, digits, underscores or hyphens");
  }

  @Test
  void refusesAnEmptyNameAJavaKeywordAndAnOverlongName() {
    assertThatThrownBy(() -> ConnectorName.of("")).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> ConnectorName.of("switch")).hasMessageContaining("Java keyword");
    assertThatThrownBy(() -> ConnectorName.of("a".repeat(41))).hasMessageContaining("at most 40");
  }

  @Test
  void pluralsForResourcePaths() {
    assertThat(ConnectorName.plural("item")).isEqualTo("items");
    assertThat(ConnectorName.plural("category")).isEqualTo("categories");
    assertThat(ConnectorName.plural("day")).isEqualTo("days");
    assertThat(ConnectorName.plural("box")).isEqualTo("boxes");
    assertThat(ConnectorName.plural("sale_order")).isEqualTo("sale_orders");
  }
}
