/**
 * Exporters: one record (usage {@code record.exporter}) and deletions (usage {@code record.exporter.deleter}).
 */
package com.awkhad.connector.framework.exporter;
