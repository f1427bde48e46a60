/**
 * Notifications: job failures (and any other event source) posted as {@link com.awkhad.connector.queue.notify.Notice}s,
 * grouped per key into one {@link com.awkhad.connector.queue.notify.Digest} per window, and delivered to webhooks or
 * other {@link com.awkhad.connector.queue.notify.NoticeTarget}s by queue jobs on channel {@code root.notify}.
 */
package com.awkhad.connector.queue.notify;
