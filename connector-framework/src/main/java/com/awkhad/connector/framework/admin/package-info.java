/** Operator actions on backends (create, show, update, archive, delete, check, imports, exports, schedules) shared by the CLI and the REST API. */
package com.awkhad.connector.framework.admin;
