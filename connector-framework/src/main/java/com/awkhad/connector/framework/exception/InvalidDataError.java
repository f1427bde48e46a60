package com.awkhad.connector.framework.exception;

/**
 * The data to import or export is not acceptable (a required value is missing, a value is out of
 * range). Raised by an importer's or exporter's validation before anything is written; the job
 * fails until the data is fixed on the side it comes from.
 *
 * <pre>{@code
 * if (values.get("name") == null) {
 *   throw new InvalidDataError("Product 42 of backend 'Shop' has no name: give it one in the shop, then requeue the job");
 * }
 * }</pre>
 */
public class InvalidDataError extends ConnectorException {
  public InvalidDataError(String message) {
    super(message);
  }
}
