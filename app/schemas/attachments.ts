import { z } from "zod";
import { recordId } from "./fields";

/** The owner removes one attachment from a listing's edit page (uploads are multipart, read apart). */
export const attachmentRemoveSchema = z.object({ intent: z.literal("remove"), attachmentId: recordId });
