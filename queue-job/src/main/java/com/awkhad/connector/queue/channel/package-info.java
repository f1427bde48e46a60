/**
 * Channels: the configuration grammar ({@link com.awkhad.connector.queue.channel.ChannelConfig})
 * and the pure planner that decides which pending jobs start now under the channels' capacities,
 * sequential and throttle rules ({@link com.awkhad.connector.queue.channel.ChannelPlanner}).
 */
package com.awkhad.connector.queue.channel;
