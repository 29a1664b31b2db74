"""Which legal domain a statute, a citation or a word belongs to: the hand-written lexicons behind
the entries' domains, the articles' domains and the classifier's training labels (docs/adr/0027).
Nothing here comes from labeled_dev.csv (held out: it only evaluates)."""

from __future__ import annotations

from .enums import Domain

CIVIL_CODE = "中华人民共和国民法典"

# Laws by a part of their name, most specific first.
LAW_DOMAINS: tuple[tuple[str, Domain], ...] = (
    ("劳动争议调解仲裁法", Domain.LABOUR),
    ("劳动合同法", Domain.LABOUR),
    ("劳动法", Domain.LABOUR),
    ("社会保险法", Domain.LABOUR),
    ("就业促进法", Domain.LABOUR),
    ("工会法", Domain.LABOUR),
    ("职业病防治法", Domain.LABOUR),
    ("安全生产法", Domain.LABOUR),
    ("道路交通安全法", Domain.TRAFFIC),
    ("刑事诉讼法", Domain.CRIMINAL),
    ("刑法", Domain.CRIMINAL),
    ("监狱法", Domain.CRIMINAL),
    ("禁毒法", Domain.CRIMINAL),
    ("反有组织犯罪法", Domain.CRIMINAL),
    ("城市房地产管理法", Domain.REAL_ESTATE),
    ("土地管理法", Domain.REAL_ESTATE),
    ("农村土地承包法", Domain.REAL_ESTATE),
    ("城乡规划法", Domain.DEMOLITION),
    ("公司法", Domain.COMPANY),
    ("合伙企业法", Domain.COMPANY),
    ("企业破产法", Domain.COMPANY),
    ("证券法", Domain.COMPANY),
    ("个人独资企业法", Domain.COMPANY),
    ("医师法", Domain.MEDICAL),
    ("基本医疗卫生与健康促进法", Domain.MEDICAL),
    ("药品管理法", Domain.MEDICAL),
    ("传染病防治法", Domain.MEDICAL),
    ("行政诉讼法", Domain.ADMINISTRATIVE),
    ("行政复议法", Domain.ADMINISTRATIVE),
    ("行政处罚法", Domain.ADMINISTRATIVE),
    ("行政许可法", Domain.ADMINISTRATIVE),
    ("行政强制法", Domain.ADMINISTRATIVE),
    ("国家赔偿法", Domain.ADMINISTRATIVE),
    ("治安管理处罚法", Domain.ADMINISTRATIVE),
    ("政府信息公开", Domain.ADMINISTRATIVE),
    ("建筑法", Domain.CONSTRUCTION),
    ("招标投标法", Domain.CONSTRUCTION),
    ("专利法", Domain.IP),
    ("商标法", Domain.IP),
    ("著作权法", Domain.IP),
    ("反不正当竞争法", Domain.IP),
    ("涉外民事关系法律适用法", Domain.FOREIGN),
    ("出境入境管理法", Domain.FOREIGN),
    ("外商投资法", Domain.FOREIGN),
    ("国籍法", Domain.FOREIGN),
    ("海商法", Domain.MARITIME),
    ("海事诉讼特别程序法", Domain.MARITIME),
    ("海上交通安全法", Domain.MARITIME),
    ("港口法", Domain.MARITIME),
    ("消费者权益保护法", Domain.CONSUMER),
    ("产品质量法", Domain.CONSUMER),
    ("食品安全法", Domain.CONSUMER),
    ("电子商务法", Domain.CONSUMER),
    ("担保法", Domain.SECURITY),
    ("婚姻法", Domain.MARRIAGE_FAMILY),
    ("继承法", Domain.MARRIAGE_FAMILY),
    ("收养法", Domain.MARRIAGE_FAMILY),
    ("反家庭暴力法", Domain.MARRIAGE_FAMILY),
    ("未成年人保护法", Domain.MARRIAGE_FAMILY),
    ("老年人权益保障法", Domain.MARRIAGE_FAMILY),
    ("妇女权益保障法", Domain.MARRIAGE_FAMILY),
    ("合同法", Domain.CONTRACT),
    ("民事诉讼法", Domain.GENERAL),
    ("法律援助法", Domain.GENERAL),
    ("律师法", Domain.GENERAL),
    ("公证法", Domain.GENERAL),
    ("人民调解法", Domain.GENERAL),
)

# 民法典 by article number: its books and the chapters that belong to a narrower domain.
CIVIL_CODE_RANGES: tuple[tuple[int, int, Domain], ...] = (
    (394, 462, Domain.SECURITY),  # 抵押权、质权、留置权
    (205, 393, Domain.REAL_ESTATE),  # 物权编 (所有权、用益物权)
    (535, 556, Domain.DEBT),  # 债权人代位权、撤销权，债权转让
    (667, 680, Domain.DEBT),  # 借款合同
    (681, 702, Domain.SECURITY),  # 保证合同
    (788, 808, Domain.CONSTRUCTION),  # 建设工程合同
    (463, 988, Domain.CONTRACT),  # 合同编
    (989, 1039, Domain.TORT),  # 人格权编
    (1040, 1163, Domain.MARRIAGE_FAMILY),  # 婚姻家庭编、继承编
    (1179, 1187, Domain.PERSONAL_INJURY),  # 人身损害赔偿
    (1208, 1217, Domain.TRAFFIC),  # 机动车交通事故责任
    (1218, 1228, Domain.MEDICAL),  # 医疗损害责任
    (1164, 1258, Domain.TORT),  # 侵权责任编
    (1, 204, Domain.GENERAL),  # 总则编
)

# Words that point to a domain in a citizen's question (the classifier's weak labels and its
# fallback reasons). Written by hand; the classifier learns the rest from the questions they label.
LEXICON: dict[Domain, tuple[str, ...]] = {
    Domain.MARRIAGE_FAMILY: ["离婚", "结婚", "婚姻", "夫妻", "抚养权", "抚养费", "赡养", "继承", "遗产", "遗嘱", "彩礼", "家暴", "出轨", "分居", "婚前", "婚后", "收养", "前妻", "前夫", "老公", "老婆", "丈夫", "妻子", "孩子", "子女", "父母", "登记结婚", "共同财产", "监护权", "私生子", "重婚"],
    Domain.LABOUR: ["工资", "欠薪", "劳动", "辞退", "解雇", "加班", "社保", "工伤", "劳动合同", "试用期", "离职", "辞职", "用人单位", "经济补偿", "员工", "入职", "农民工", "年假", "劳动仲裁", "工作", "上班", "单位", "老板", "裁员", "五险一金", "绩效", "调岗", "竞业"],
    Domain.TRAFFIC: ["交通事故", "车祸", "撞", "司机", "驾驶", "交警", "肇事", "逃逸", "酒驾", "醉驾", "机动车", "电动车", "摩托车", "交强险", "责任认定", "驾照", "驾驶证", "追尾", "行人", "汽车", "开车", "车辆", "闯红灯", "商业险", "三者险"],
    Domain.DEBT: ["借钱", "借款", "欠款", "欠钱", "借条", "欠条", "还钱", "债务", "债权", "利息", "高利贷", "民间借贷", "催收", "老赖", "还款", "网贷", "信用卡", "债主", "讨债", "要债", "逾期", "借给", "借了", "不还"],
    Domain.CRIMINAL: ["犯罪", "判刑", "刑事", "拘留", "逮捕", "取保候审", "坐牢", "量刑", "缓刑", "诈骗", "盗窃", "故意伤害", "判", "公安", "看守所", "罪", "自首", "刑拘", "立案", "起诉书", "检察院", "减刑", "假释", "贩毒", "赌博", "抢劫", "强奸", "辩护", "有期徒刑", "判决", "吸毒"],
    Domain.CONTRACT: ["合同", "协议", "违约", "定金", "订金", "违约金", "签订", "解除合同", "履行", "买卖", "中介", "签合同", "合同纠纷", "付款", "货款", "订单", "供货", "交货", "承揽", "服务合同", "培训"],
    Domain.REAL_ESTATE: ["房子", "房产", "房屋", "买房", "卖房", "购房", "产权", "房产证", "过户", "宅基地", "物业", "开发商", "租房", "房东", "首付", "不动产", "商品房", "二手房", "房租", "租金", "租赁", "交房", "户口", "小产权", "土地", "承包地"],
    Domain.TORT: ["侵权", "名誉", "隐私", "肖像", "诽谤", "损害", "狗", "邻居", "噪音", "财产损失", "侵犯", "网暴", "造谣", "污染", "漏水", "高空抛物", "饲养", "动物", "精神损害"],
    Domain.COMPANY: ["公司", "股东", "股权", "股份", "法人", "注册资本", "董事", "监事", "分红", "营业执照", "合伙", "清算", "破产", "章程", "法定代表人", "有限公司", "出资", "增资", "持股", "股东会", "注销", "个体工商户", "工商"],
    Domain.MEDICAL: ["医院", "医疗", "医生", "手术", "医疗事故", "误诊", "治疗", "病历", "护士", "药", "医疗鉴定", "医疗损害", "诊所", "住院", "抢救", "病人", "患者", "医患", "整形", "美容"],
    Domain.DEMOLITION: ["拆迁", "征收", "征地", "安置", "拆除", "强拆", "补偿款", "棚改", "违建", "土地征收", "拆迁款", "安置房", "补偿标准", "旧改", "违章建筑", "拆"],
    Domain.ADMINISTRATIVE: ["行政", "政府", "行政处罚", "行政复议", "行政诉讼", "罚款", "城管", "执法", "信息公开", "许可", "吊销", "国家赔偿", "公务员", "街道办", "村委会", "信访", "派出所", "处分", "具体行政行为", "不作为"],
    Domain.CONSTRUCTION: ["工程", "施工", "包工头", "工程款", "承包", "分包", "建设", "建筑", "装修", "发包", "结算", "工地", "转包", "挂靠", "资质", "建设工程", "工程质量", "施工方", "项目"],
    Domain.IP: ["商标", "专利", "著作权", "版权", "盗版", "知识产权", "抄袭", "软件", "作品", "商业秘密", "侵权", "图片", "字体", "音乐", "发明", "注册商标", "品牌", "域名"],
    Domain.GENERAL: ["律师", "咨询", "法院", "起诉", "诉讼", "证据", "公证", "律师费", "诉讼费", "管辖", "上诉", "执行", "法律", "程序"],
    Domain.PERSONAL_INJURY: ["打伤", "受伤", "伤残", "人身损害", "伤害", "殴打", "轻伤", "误工费", "医药费", "残疾", "死亡赔偿", "打人", "摔伤", "伤情鉴定", "赔偿", "伤", "摔倒", "意外", "死亡", "被打", "护理费", "营养费"],
    Domain.FOREIGN: ["外国", "外籍", "涉外", "国外", "签证", "出国", "护照", "移民", "留学", "境外", "跨国", "外国人", "港澳台", "国际", "香港", "澳门", "台湾", "美国", "日本", "韩国", "外企", "外资", "绿卡", "海外"],
    Domain.MARITIME: ["海事", "海商", "船舶", "船员", "海上", "货运", "提单", "船", "航运", "码头", "港口", "海运", "渔船", "海难", "船东", "货代", "集装箱", "船长", "打捞", "海域", "租船"],
    Domain.CONSUMER: ["消费者", "商家", "退货", "退款", "假货", "质量问题", "三包", "网购", "欺诈", "售后", "商品", "买到", "消协", "投诉", "食品", "过期", "淘宝", "京东", "店家", "退一赔三", "预付卡", "会员卡", "产品质量", "购买"],
    Domain.SECURITY: ["抵押", "担保", "保证人", "质押", "抵押物", "担保人", "保证", "反担保", "留置", "按揭", "连带责任", "担保合同", "抵押权", "抵押登记", "质权", "保证期间", "担保公司"],
}


def law_domain(law_name: str, number: int | None = None) -> Domain | None:
    """The domain of a law's article, or None when the law belongs to none in particular."""
    if law_name == CIVIL_CODE:
        if number is None:
            return None
        for low, high, domain in CIVIL_CODE_RANGES:
            if low <= number <= high:
                return domain
        return None
    for part, domain in LAW_DOMAINS:
        if part in law_name:
            return domain
    return None
