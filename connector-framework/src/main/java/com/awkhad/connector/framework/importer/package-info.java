/**
 * Importers: one record (usage {@code record.importer}) and batches (usage {@code batch.importer}), inline or delayed as jobs.
 */
package com.awkhad.connector.framework.importer;
