# ruff: noqa: SIM905 - space-separated word lists read better than hundreds of quoted strings
"""Word lists for the demo network. Names are drawn from these with a seeded random generator, so the
same seed always gives the same people; none of them is a real person."""

# Common Han surnames, roughly in order of frequency (more common ones listed twice to weight them).
HAN_SURNAMES = (
    "王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 马 胡 朱 郭 何 罗 高 林 王 李 张 刘 陈 杨 "
    "郑 梁 谢 唐 许 冯 宋 韩 邓 彭 曾 肖 田 董 潘 袁 蔡 蒋 余 杜 叶 程 魏 苏 吕 丁 "
    "任 卢 姚 沈 钟 姜 崔 谭 陆 范 汪 廖 石 金 贾 夏 付 方 邹 熊 白 孟 秦 邱 侯 江 "
    "尹 薛 段 雷 龙 黎 史 陶 贺 毛 郝 顾 龚 邵 万 武 钱 戴 严 欧阳 莫 孔 向 常 汤 康 易 文 赖"
).split()

HAN_GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 鹏 辉 丹 "
    "玲 浩 宇 婷 雪 琳 晨 欣 博 文 斌 俊 海 燕 鑫 峰 建 林 颖 倩 思 雨 佳 怡 涵 睿 晓 梦 凯 亮 "
    "志 兵 琴 蓉 川 锦 嘉 毅 诚 彬 蕾 昊 然 瑶 蔚 韬 帆 莉 曦 媛"
).split()

# Tibetan personal names are two two-syllable parts (泽仁多吉, 次仁卓玛); there is no surname.
TIBETAN_PARTS_FIRST = (
    "泽仁 次仁 扎西 格桑 洛绒 尼玛 益西 降央 四郎 阿旺 索朗 达瓦 巴桑 央金 仁青 向巴 登珠 贡布 "
    "土登 呷绒 彭措 拥忠 斯朗 昂旺"
).split()
TIBETAN_PARTS_SECOND = (
    "多吉 卓玛 拉姆 措姆 曲珍 丹增 平措 次仁 旺姆 卓嘎 益西 格勒 尼玛 达瓦 降措 巴姆 志玛 泽仁 翁姆 拥措"
).split()

# Yi names: the clan name (家支名) followed by the personal name (阿苦日哈, 吉克曲布).
YI_CLANS = "阿苦 吉克 阿约 吉伍 马海 沙马 俄木 曲比 阿尔 吉木 海来 勒格 瓦其 的日 倮伍 阿说 伍合 阿的".split()
YI_GIVEN = "日哈 曲布 伍呷 阿支 木呷 拉毅 阿果 尔古 子日 石布 阿呷 拉且 体布 约布 史者 惹古 阿牛 莫色".split()

LAW_FIRM_WORDS = (
    "正衡 公信 锦程 蓉信 致远 恒达 立诚 德衡 守正 弘法 信达 明理 同心 泰和 天策 诚明 安和 崇实 "
    "远景 中正 笃行 至善 求是 清源 鼎立 和信 尚德 永衡"
).split()

APPRAISAL_WORDS = "华西 求实 明鉴 正鉴 天一 精诚 科信 公正 蜀鉴 衡正".split()

# Legal domains, the categories Chinese consultation sites use (see data/qa/labeled_dev.csv).
SPECIALTIES = (
    "婚姻家庭 劳动纠纷 交通事故 债权债务 刑事辩护 合同纠纷 房产纠纷 侵权 公司法 医疗纠纷 拆迁安置 "
    "行政诉讼 建设工程 知识产权 人身损害 涉外法律 消费权益 抵押担保"
).split()

# Prefectures where a minority language is spoken widely: every county there gets speakers on staff.
LANGUAGE_BY_PREFECTURE = {"513300": "bo", "513200": "bo", "513400": "ii"}
# Autonomous counties elsewhere, recognised by their name.
LANGUAGE_BY_COUNTY_NAME = {"藏族": "bo", "彝族": "ii"}

# Prefectures big enough for judicial appraisal institutions (how many each).
APPRAISAL_PREFECTURES = {
    "510100": 4,
    "510700": 2,
    "511300": 2,
    "510500": 1,
    "510600": 1,
    "511100": 1,
    "511500": 1,
    "511700": 1,
}
