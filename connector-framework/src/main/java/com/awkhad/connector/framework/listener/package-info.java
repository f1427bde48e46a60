/**
 * The export listener (usage {@code event.listener}): local writes of bound records become export jobs, unless in a no-export scope or nothing mapped changed.
 */
package com.awkhad.connector.framework.listener;
