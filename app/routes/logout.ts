import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "../services/auth.server";
import { getDb } from "../services/db.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await destroySession(getDb(), request) } });
}

export const loader = () => redirect("/");
