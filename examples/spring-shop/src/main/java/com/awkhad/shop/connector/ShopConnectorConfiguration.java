package com.awkhad.shop.connector;

import com.awkhad.connector.base.env.Environment;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connector's beans: the OMS client ({@code shop.oms.url}) and the job functions. */
@Configuration(proxyBeanMethods = false)
public class ShopConnectorConfiguration {
  @Bean
  OmsClient omsClient(@Value("${shop.oms.url}") URI url) {
    return new OmsClient(url);
  }

  @Bean
  OrderExporter orderExporter(Environment env, OmsClient oms) {
    return new OrderExporter(env, oms);
  }

  @Bean
  ProductExporter productExporter(Environment env, OmsClient oms) {
    return new ProductExporter(env, oms);
  }

  @Bean
  CatalogImporter catalogImporter(Environment env, OmsClient oms) {
    return new CatalogImporter(env, oms);
  }
}
