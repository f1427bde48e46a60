package com.awkhad.connector.spring;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = StarterTestApp.class, properties = {
    "awkhad.connector.runner.enabled=true", "awkhad.connector.runner.channels=root:2"})
class StarterPostgresTest extends StarterTestBase {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDb db = TestDatabases.fresh("postgresql");
    registry.add("spring.datasource.url", db::url);
    registry.add("spring.datasource.username", db::user);
    registry.add("spring.datasource.password", db::password);
  }
}
