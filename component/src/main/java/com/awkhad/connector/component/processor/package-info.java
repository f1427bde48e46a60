/**
 * The compile-time half of component registration: {@link
 * com.awkhad.connector.component.processor.ComponentProcessor}, a {@code javac} annotation processor
 * found on the class path of every module that depends on {@code component}. It checks each
 * {@code @ComponentSpec} class and writes the module's component index and its addons'
 * {@code ServiceLoader} file; the runtime half reads them in {@link
 * com.awkhad.connector.component.ComponentIndex}. Depends on {@code component} only.
 */
package com.awkhad.connector.component.processor;
