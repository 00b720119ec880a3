// Text normalisation shared by indexing, querying and highlighting.
//
// It is length-preserving on purpose: the i-th UTF-16 unit of the output corresponds to the
// i-th unit of the input, so a match found in normalised text can be marked at the same
// offsets in the original for highlighting. Anything whose normal form would change the
// length (ligatures such as ﬁ) is only lower-cased.

// Traditional characters common in technical and business text, with their simplified
// forms, so a visitor typing 專利 or 氫能 finds listings written in simplified Chinese. Only
// characters that never appear in simplified text are listed, so simplified input is
// never altered.
const TRADITIONAL =
  "專業東絲兩嚴喪個豐臨為麗舉義烏樂喬習鄉書買亂爭於虧雲亞產畝親億僅從侖倉儀們價眾優會傘偉傳傷倫偽體餘傭俠侶偵側僑儲債傾償兒兌黨蘭關興養獸內岡冊寫軍農馮沖決況凍淨涼減湊幾鳳憑凱擊鑿劃劉則剛創刪別劑劍劇勸辦務動勵勁勞勢勻華協單賣盧衛卻廠廳曆歷厲壓厭廁縣參雙發變敘臺葉號嘆嚇呂嗎噸聽啟吳員嗚詠響啞喚嘩團園圍圖圓聖場壞塊堅壇壩墳墜壟壘墾執報堯塗壺處備復夠頭夾奪奮奧婦媽孫學寧寶實寵審憲寬賓寢對尋導將爾塵嘗屆層屬歲豈島嶺巖崗巒幣帥師帳帶幫幹廣莊慶廬庫應廟龐廢開異棄張彌彎彈強歸當錄彙徹徑後徵誌憶懷態總憐惡惱愛懼慣憤懲懶戀戲戰戶紮撲擴掃揚擾撫搶護擔擬擁攔擰撥擇掛擋擠揮損撿換搗據擄擲攙攜搖攝擺敵數齋斷無舊時曠晝顯暫曬曉暈術機殺雜權條來楊極構槍樞標棧樣檢櫃棟欄樹橋檔櫻歡歐殘殼毀氣漢湯溝沒瀋滬淚潑澤潔灑濃測濟瀏渾潤澀漲滲溫灣濕潰濺滿濾濫潛灘滯燈靈災煉爐熱燒煙營燦爛燭牽犧狀猶獨獄貓獻瑪環現瓊瓏璽甕電畫暢療癢癥盞監蓋盤盜睜瞞礦碼磚礎確碩禮禍離種積稱穩窮竊競筆築簡節範篩籃籌簽類糧糾紀紅約級紋納紐純紗紙紛組細織終絕結給統絡經綜綠維網緊綿線練緒編緣緩縮績繩續纖罷羅聯聰職聲膽脅脈腦腳膠臘臉艦艙艱藝莖薦蘋藥蓮獲蕭薩蘇蘊蟲蝕蠶衝補裝製襯襲覽覺見規視觀計訂認討讓訓議記講許論設訪證評識詞試詩誠話詳語說讀課調談請諸謀謝謹譯讚貝負財責貢貨質販貧購貯貴費賀資賈賠賞賦賬賴贈贏趕趙躍踐蹤軌軟軸較載輔輕輛輸輪轉轟辭邊達遷過運還這進遠違連遲適選遺遼邁郵鄭醫醬釀釋鋼針釘鈣鈉鈦鉀鉛鉑鋁銅銀銷鋅鋰鋪鍋錯錢鍵鎂鎳鏈鐵鑄鑒鑑鑽長門閃閉問閒間閥閱闊闆隊陽陰陣階際陸隨險隱難雞雖霧靜韓頁項順須預領頻題額顏願顧風飛飯飲飼飽館饑馬駐駕驗驚驅髮鬥魚鮮鳥鹽麥黃齊齒龍龜氫鈷錳鉬鎢釩鋯鎘鍍鍛鉗錘準韻鏡鐘鑰閘陳陝隸靂頂頓頒頌頗頸顆顛颱餅饋驟骯鬆魯鯉鱗鴨鵝鷹麵黴點齡繼纜罰羨聞聳肅脫膚臟艷葦蔣蔥蕩蘆蘿虛蝦螢蠟衆褲襪詢誤誘諾謊謎謬譜譽讒豎豬貼賤賢賭贊趨跡蹟軀輩輯轄辯遞遜邏醞鈔鈴銘鋒錦鍊鎖鎮鏽鐳鑲閣閩闡隕雋雛韌頰頹顫飄餵饒駁駛騎騰驕驢鬱鳴鹼麼黷鼴齣龔與萬裡週鬧濱瀝晉嵐綫揹鑛礱鍺鉻銻鈀銠銥鎵鑭釹矽";
const SIMPLIFIED =
  "专业东丝两严丧个丰临为丽举义乌乐乔习乡书买乱争于亏云亚产亩亲亿仅从仑仓仪们价众优会伞伟传伤伦伪体余佣侠侣侦侧侨储债倾偿儿兑党兰关兴养兽内冈册写军农冯冲决况冻净凉减凑几凤凭凯击凿划刘则刚创删别剂剑剧劝办务动励劲劳势匀华协单卖卢卫却厂厅历历厉压厌厕县参双发变叙台叶号叹吓吕吗吨听启吴员呜咏响哑唤哗团园围图圆圣场坏块坚坛坝坟坠垄垒垦执报尧涂壶处备复够头夹夺奋奥妇妈孙学宁宝实宠审宪宽宾寝对寻导将尔尘尝届层属岁岂岛岭岩岗峦币帅师帐带帮干广庄庆庐库应庙庞废开异弃张弥弯弹强归当录汇彻径后征志忆怀态总怜恶恼爱惧惯愤惩懒恋戏战户扎扑扩扫扬扰抚抢护担拟拥拦拧拨择挂挡挤挥损捡换捣据掳掷搀携摇摄摆敌数斋断无旧时旷昼显暂晒晓晕术机杀杂权条来杨极构枪枢标栈样检柜栋栏树桥档樱欢欧残壳毁气汉汤沟没沈沪泪泼泽洁洒浓测济浏浑润涩涨渗温湾湿溃溅满滤滥潜滩滞灯灵灾炼炉热烧烟营灿烂烛牵牺状犹独狱猫献玛环现琼珑玺瓮电画畅疗痒症盏监盖盘盗睁瞒矿码砖础确硕礼祸离种积称稳穷窃竞笔筑简节范筛篮筹签类粮纠纪红约级纹纳纽纯纱纸纷组细织终绝结给统络经综绿维网紧绵线练绪编缘缓缩绩绳续纤罢罗联聪职声胆胁脉脑脚胶腊脸舰舱艰艺茎荐苹药莲获萧萨苏蕴虫蚀蚕冲补装制衬袭览觉见规视观计订认讨让训议记讲许论设访证评识词试诗诚话详语说读课调谈请诸谋谢谨译赞贝负财责贡货质贩贫购贮贵费贺资贾赔赏赋账赖赠赢赶赵跃践踪轨软轴较载辅轻辆输轮转轰辞边达迁过运还这进远违连迟适选遗辽迈邮郑医酱酿释钢针钉钙钠钛钾铅铂铝铜银销锌锂铺锅错钱键镁镍链铁铸鉴鉴钻长门闪闭问闲间阀阅阔板队阳阴阵阶际陆随险隐难鸡虽雾静韩页项顺须预领频题额颜愿顾风飞饭饮饲饱馆饥马驻驾验惊驱发斗鱼鲜鸟盐麦黄齐齿龙龟氢钴锰钼钨钒锆镉镀锻钳锤准韵镜钟钥闸陈陕隶雳顶顿颁颂颇颈颗颠台饼馈骤肮松鲁鲤鳞鸭鹅鹰面霉点龄继缆罚羡闻耸肃脱肤脏艳苇蒋葱荡芦萝虚虾萤蜡众裤袜询误诱诺谎谜谬谱誉谗竖猪贴贱贤赌赞趋迹迹躯辈辑辖辩递逊逻酝钞铃铭锋锦炼锁镇锈镭镶阁闽阐陨隽雏韧颊颓颤飘喂饶驳驶骑腾骄驴郁鸣碱么黩鼹出龚与万里周闹滨沥晋岚线背矿砻锗铬锑钯铑铱镓镧钕硅";

const T2S = new Map<string, string>();
for (let i = 0; i < TRADITIONAL.length; i++) T2S.set(TRADITIONAL[i]!, SIMPLIFIED[i]!);

// The basic Han block is most of every listing: a flat table answers "traditional?" for it
// without a hash lookup per character.
const HAN_BASE = 0x4e00;
const HAN_T2S = new Uint16Array(0x9fff - HAN_BASE + 1);
for (const [t, s] of T2S) {
  const c = t.charCodeAt(0);
  if (t.length === 1 && c >= HAN_BASE && c <= 0x9fff) HAN_T2S[c - HAN_BASE] = s.charCodeAt(0);
}

// Characters outside ASCII and the basic Han block are rare in listings but costly to
// normalise one by one, so their normal form is remembered.
const memo = new Map<number, string>();

function normaliseOther(ch: string): string {
  const simplified = T2S.get(ch);
  if (simplified) return simplified;
  // NFKC folds full-width Latin and digits (ＡＢＣ１２３) and CJK compatibility ideographs.
  const nfkc = ch.normalize("NFKC").toLowerCase();
  if (nfkc.length === ch.length) return T2S.get(nfkc) ?? nfkc;
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? lower : ch;
}

/** Lower-cased, full-width folded, traditional→simplified; same length as the input. */
export function normalizeText(text: string): string {
  let out = "";
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string | undefined;
    if (c < 0x80) {
      if (c >= 65 && c <= 90) replacement = String.fromCharCode(c + 32);
    } else if (c >= HAN_BASE && c <= 0x9fff) {
      const simplified = HAN_T2S[c - HAN_BASE]!;
      if (simplified) replacement = String.fromCharCode(simplified);
    } else {
      const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
      const key = wide ? text.codePointAt(i)! : c;
      let n = memo.get(key);
      const ch = wide ? text.slice(i, i + 2) : text[i]!;
      if (n === undefined) {
        n = normaliseOther(ch);
        memo.set(key, n);
      }
      if (n !== ch) replacement = n;
      if (wide) {
        if (replacement !== undefined) {
          out += text.slice(plainFrom, i) + replacement;
          plainFrom = i + 2;
        }
        i++;
        continue;
      }
    }
    if (replacement !== undefined) {
      out += text.slice(plainFrom, i) + replacement;
      plainFrom = i + 1;
    }
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom);
}

/** Han ideographs (the basic block, extension A and the compatibility block). */
export const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

export function isCjkChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}
