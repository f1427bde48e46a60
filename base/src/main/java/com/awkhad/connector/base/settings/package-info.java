/** The process's settings (environment variables and system properties), read once and handed to the addons. */
package com.awkhad.connector.base.settings;
