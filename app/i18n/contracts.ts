import { defineMessages } from "./define";

export const contractMessages = defineMessages(
  {
    "contract.title": "技术合同",
  },
  {
    "contract.title": "Technology contracts",
  },
);
