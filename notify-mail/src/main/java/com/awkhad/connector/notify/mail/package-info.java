/**
 * Notifications by mail: a {@link com.awkhad.connector.queue.notify.NoticeTarget} that sends each digest over SMTP
 * with Eclipse Angus Mail, in a module of its own so that queue-job does not depend on a mail library.
 */
package com.awkhad.connector.notify.mail;
