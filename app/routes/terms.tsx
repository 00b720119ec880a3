import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PolicyPage } from "../components/policy-page";
import { policyText } from "../content/policies.server";
import { getLocale } from "../services/locale.server";
import { siteFrame } from "../services/site-frame.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.policy.title ?? "terms"} · 吕梁科技大市场` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  return json({ policy: policyText("terms", locale, siteFrame(locale)) });
}

export default function Terms() {
  const { policy } = useLoaderData<typeof loader>();
  return <PolicyPage policy={policy} />;
}
