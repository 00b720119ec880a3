import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "../services/locale.server";

// An address no route answers: a 404 through the root's error page, which then has the root
// loader's data (the visitor's language, their header and the footer) like any other page.
export async function loader({ request }: LoaderFunctionArgs) {
  throw json({ error: "not_found", locale: await getLocale(request) }, { status: 404 });
}

export default function NotFound() {
  return null;
}
