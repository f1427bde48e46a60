package com.awkhad.shop;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"awkhad.connector.web.enabled=false", "spring.jpa.hibernate.ddl-auto=create-drop"})
class ShopH2Test extends ShopTestBase {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    TestDb db = TestDatabases.fresh("h2");
    properties(registry, db.url() + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", db.user(), db.password());
  }
}
