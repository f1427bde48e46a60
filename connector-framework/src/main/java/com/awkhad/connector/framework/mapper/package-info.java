/**
 * Mapper components (usages {@code import.mapper}, {@code export.mapper}): direct mappings with modifiers, {@code @Mapping} methods, children.
 */
package com.awkhad.connector.framework.mapper;
