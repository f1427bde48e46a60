/**
 * A small JDBC helper for the hand-written statements of the addons: binding parameters (instants
 * as timestamps with time zone), querying one row or a list through a row mapper, updating, and
 * reading instants back. It does not build SQL; the statements stay visible where they are used.
 */
package com.awkhad.connector.base.jdbc;
