/** Text made safe to show: control characters escaped, credentials in URLs and locations masked. */
package com.awkhad.connector.base.text;
