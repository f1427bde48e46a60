/**
 * The shop's connector to its order-management system (OMS): the captured models over the JPA
 * tables, the listeners that turn captured changes into export jobs, the exporters and the
 * catalog importer (Spring beans the jobs run on), and the OMS's HTTP client.
 */
package com.awkhad.shop.connector;
