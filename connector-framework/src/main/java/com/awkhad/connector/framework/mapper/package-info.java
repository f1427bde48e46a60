/**
 * Mapper components (usages {@code import.mapper}, {@code export.mapper}): direct mappings with modifiers, {@code @Mapping}
 * methods, options given at map time, and children mapped by {@code MapChild} components (usages {@code import.map.child},
 * {@code export.map.child}).
 */
package com.awkhad.connector.framework.mapper;
