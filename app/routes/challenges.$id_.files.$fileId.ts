import type { LoaderFunctionArgs } from "@remix-run/node";
import { openChallengeFile } from "../services/challenges/index.server";
import { fileDownload } from "../services/file-upload.server";
import { idParam, notFound } from "../services/http.server";
import { userContext } from "../services/request.server";

/** An application's file, for the applicant, the challenger, the challenge's broker, its panel and the Bureau only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const file = openChallengeFile(db, actor, idParam(params.id), idParam(params.fileId));
  if (!file) notFound();
  return fileDownload(file);
}
