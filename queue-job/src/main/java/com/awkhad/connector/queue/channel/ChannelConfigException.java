package com.awkhad.connector.queue.channel;

/** A channel configuration string that cannot be used; the message quotes the faulty entry. */
public final class ChannelConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ChannelConfigException(String message) {
    super(message);
  }
}
