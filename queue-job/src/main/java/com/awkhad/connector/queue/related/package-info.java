/** What a job is about, in words and links: the related action of each job function (as the original's). */
package com.awkhad.connector.queue.related;
