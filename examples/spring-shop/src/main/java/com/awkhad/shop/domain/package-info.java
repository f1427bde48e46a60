/** The shop's JPA entities and repositories: the application's own tables, which the connector captures. */
package com.awkhad.shop.domain;
