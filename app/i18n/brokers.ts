import { defineMessages } from "./define";

export const brokerMessages = defineMessages(
  {
    "broker.title": "技术经纪人",
  },
  {
    "broker.title": "Technology brokers",
  },
);
