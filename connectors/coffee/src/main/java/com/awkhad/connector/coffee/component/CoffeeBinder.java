package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.binder.Binder;

/** The seed's abstract {@code coffee.binding}: one binder for every coffee binding model. */
@ComponentSpec(name = "coffee.binder", collection = BACKEND, applyOn = {BEVERAGE_BINDING, ORDER_BINDING})
public class CoffeeBinder extends Binder {}
