package com.awkhad.shop;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awkhad.connector.web.enabled=false", "spring.jpa.hibernate.ddl-auto=create-drop"})
class ShopPostgresTest extends ShopTestBase {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    TestDb db = TestDatabases.fresh("postgresql");
    properties(registry, db.url(), db.user(), db.password());
  }
}
